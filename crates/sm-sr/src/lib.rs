//! The SGP.02 SM-SR (Subscription Manager – Secure Routing): it keeps the eUICC Information
//! Set (EIS) of every M2M eUICC it manages with the ISD-R's keys, serves operators on ES4,
//! SM-DPs on ES3 and other SM-SRs on ES7, and reaches the ISD-R on ES5 over SMS (SCP80)
//! and HTTPS (SCP81).
#![forbid(unsafe_code)]
