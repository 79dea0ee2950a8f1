//! card-io's integration tests: the modem path through a pseudo-terminal, a test-side modem
//! forwarding `AT+CSIM` to rsp-lab's software card (`at_modem`). The PC/SC path is tested
//! against pcscd and vsmartcard-vpcd by `tools/pcsc/check-lpa-reader.sh`.

mod at_modem;
mod support;
