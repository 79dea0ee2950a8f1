//! SGP.22 5.8: ES11 (LPA → SM-DS), event retrieval, and the download an event announces.

mod discovery;
