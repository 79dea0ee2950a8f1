//! The card as a UICC, by the specification of each face.

mod ts102_221_face;
mod ts34_108_test_algorithm;
mod ts35_231_tuak;
mod ts51_011_sim_commands;
