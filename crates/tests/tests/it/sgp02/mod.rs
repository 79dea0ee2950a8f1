//! SGP.02 (M2M) end to end: the operator, the SGP.02 SM-DP, the SM-SR, the lab's SMSC and
//! an M2M device with the software M2M eUICC, each on its own sockets.

mod download;
