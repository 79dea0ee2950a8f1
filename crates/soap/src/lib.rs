//! The SGP.02 web-service binding of the off-card interfaces (ES1, ES2, ES3, ES4, ES7):
//! SOAP envelopes with WS-Addressing, the request and response messages, and the function
//! execution status with SGP.02's subject and reason codes.
#![forbid(unsafe_code)]
