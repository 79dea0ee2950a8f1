//! SCP81 (GlobalPlatform Card Specification Amendment B, "Remote Application Management
//! over HTTP"): the PSK-TLS link, the HTTP admin protocol between the admin server and the
//! card's admin agent, and the parameters that trigger an admin session.
#![forbid(unsafe_code)]
