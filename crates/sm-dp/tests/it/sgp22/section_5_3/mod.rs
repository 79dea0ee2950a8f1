//! SGP.22 5.3: ES2+ (operator – SM-DP+).

mod es2;
