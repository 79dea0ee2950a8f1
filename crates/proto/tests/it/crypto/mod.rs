//! The cryptography of a download: ECDSA, ECKA, key derivation and BSP.

mod bsp;
mod bsp_vectors;
mod ecdsa;
mod ecka;
