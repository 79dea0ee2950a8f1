//! SGP.22 3.1: profile download and installation.

mod download;
mod served_faults;
