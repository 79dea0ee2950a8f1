//! The in-memory transport under the card's TLS: what RECEIVE DATA brought in, what SEND
//! DATA is to take out. Reading an empty pipe is `WouldBlock`, so OpenSSL runs in
//! non-blocking mode and the card resumes it when the next bytes arrive.

use std::collections::VecDeque;
use std::io::{self, Read, Write};

/// The most octets held either way: a few TLS records.
pub(crate) const MAX_PIPE: usize = 80 * 1024;

/// Bytes in from the terminal's channel, bytes out to it.
#[derive(Debug, Default)]
pub(crate) struct Pipe {
    inbound: VecDeque<u8>,
    pub(crate) outbound: VecDeque<u8>,
}

impl Pipe {
    /// Takes what RECEIVE DATA brought; `false` when it would overrun the bound.
    pub(crate) fn push_inbound(&mut self, data: &[u8]) -> bool {
        if self.inbound.len() + data.len() > MAX_PIPE {
            return false;
        }
        self.inbound.extend(data);
        true
    }

    /// Up to `max` octets for one SEND DATA.
    pub(crate) fn take_outbound(&mut self, max: usize) -> Vec<u8> {
        let n = max.min(self.outbound.len());
        self.outbound.drain(..n).collect()
    }
}

impl Read for Pipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.inbound.is_empty() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(self.inbound.len());
        for (d, s) in buf.iter_mut().zip(self.inbound.drain(..n)) {
            *d = s;
        }
        Ok(n)
    }
}

impl Write for Pipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.outbound.len() + buf.len() > MAX_PIPE {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        self.outbound.extend(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_reads_would_block_and_bounds_hold() {
        let mut p = Pipe::default();
        let mut buf = [0u8; 4];
        assert_eq!(
            p.read(&mut buf).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        assert!(p.push_inbound(&[1, 2, 3]));
        assert_eq!(p.read(&mut buf).unwrap(), 3);
        assert!(!p.push_inbound(&vec![0; MAX_PIPE + 1]));
        p.write_all(&[9; 10]).unwrap();
        assert_eq!(p.take_outbound(4), vec![9; 4]);
        assert_eq!(p.take_outbound(100).len(), 6);
        assert!(p.write(&vec![0; MAX_PIPE + 1]).is_err());
    }
}
