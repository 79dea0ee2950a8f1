//! The SGP.02 SM-DP.

mod es8_download;
