//! vpcd framing: a 2-byte big-endian length, then the message.

use std::io::{self, Read, Write};

/// Writes one message with its length prefix.
pub fn write_frame(out: &mut impl Write, message: &[u8]) -> io::Result<()> {
    let len = u16::try_from(message.len()).map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidInput, "vpcd message over 65535 bytes")
    })?;
    let mut frame = Vec::with_capacity(message.len() + 2);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(message);
    out.write_all(&frame)?;
    out.flush()
}

/// What one [`FrameReader::poll`] found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Polled {
    /// A complete message.
    Frame(Vec<u8>),
    /// Nothing complete yet (the read timed out); call again.
    Idle,
    /// The peer closed the connection.
    Closed,
}

/// Reassembles messages from a stream that may deliver them in pieces and whose reads may
/// time out (a socket with a read timeout, so the caller can look at a shutdown flag).
#[derive(Default, Debug)]
pub struct FrameReader {
    buf: Vec<u8>,
}

impl FrameReader {
    /// Returns the next complete message, reading once from `input` if none is buffered.
    pub fn poll(&mut self, input: &mut impl Read) -> io::Result<Polled> {
        if let Some(frame) = self.take_frame() {
            return Ok(Polled::Frame(frame));
        }
        let mut chunk = [0u8; 4096];
        match input.read(&mut chunk) {
            Ok(0) => Ok(Polled::Closed),
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(match self.take_frame() {
                    Some(frame) => Polled::Frame(frame),
                    None => Polled::Idle,
                })
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) =>
            {
                Ok(Polled::Idle)
            }
            Err(e) => Err(e),
        }
    }

    fn take_frame(&mut self) -> Option<Vec<u8>> {
        let [hi, lo, ..] = *self.buf.as_slice() else {
            return None;
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if self.buf.len() < 2 + len {
            return None;
        }
        let frame = self.buf.get(2..2 + len)?.to_vec();
        self.buf.drain(..2 + len);
        Some(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out its bytes in fixed pieces.
    struct Pieces<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(self.data.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn vpcd_frames_are_length_prefixed_big_endian() {
        let mut out = Vec::new();
        write_frame(&mut out, &[0x04]).unwrap_or_default();
        write_frame(&mut out, &[0xAA; 300]).unwrap_or_default();
        assert_eq!(&out[..3], [0x00, 0x01, 0x04]);
        assert_eq!(&out[3..5], [0x01, 0x2C]);
        assert_eq!(out.len(), 3 + 302);
    }

    #[test]
    fn vpcd_frames_split_across_reads_are_reassembled() {
        let mut wire = Vec::new();
        for m in [&[0x01][..], &[0x00, 0xA4, 0x04, 0x00], &[], &[0x04]] {
            write_frame(&mut wire, m).unwrap_or_default();
        }
        for step in 1..8 {
            let mut input = Pieces { data: &wire, step };
            let mut reader = FrameReader::default();
            let mut frames = Vec::new();
            loop {
                match reader.poll(&mut input) {
                    Ok(Polled::Frame(f)) => frames.push(f),
                    Ok(Polled::Idle) => continue,
                    Ok(Polled::Closed) | Err(_) => break,
                }
            }
            assert_eq!(
                frames,
                [vec![0x01], vec![0x00, 0xA4, 0x04, 0x00], vec![], vec![0x04]],
                "step {step}"
            );
        }
    }
}
