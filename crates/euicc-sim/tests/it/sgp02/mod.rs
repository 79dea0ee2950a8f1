//! GSMA SGP.02 v4.2 (M2M): the ISD-R's ES5 functions, filed by clause.

mod es5_https;
mod es5_sms;
mod isdp_download;
mod isdp_tar;
mod manufacture;
mod robustness;
mod section_4_1_1;
