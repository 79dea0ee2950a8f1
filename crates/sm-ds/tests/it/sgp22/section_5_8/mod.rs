//! SGP.22 5.8: ES11 (LPA → SM-DS), event retrieval with the common mutual authentication.

mod authenticate_client;
mod initiate_authentication;
