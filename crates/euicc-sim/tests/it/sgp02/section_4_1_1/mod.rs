//! SGP.02 4.1.1: ES5 functions of the ISD-R, as APDUs through the card face.

mod audit;
mod create_isdp;
mod delete_profile;
mod enable_disable;
mod notification_confirmation;
mod state_file;
