//! Serving lpac's stdio APDU requests from a [`Card`].

use std::io::{self, BufRead, Write};

use super::message::{ApduReply, ApduRequest, Func, Line, parse_line};
use crate::Es10Processor;
use crate::apdu::{Card, ResponseApdu, StatusWord};

/// Longest input line taken (lpac's longest request, a 255-byte C-APDU in hex, is about
/// 600 bytes). Longer lines are dropped with a warning.
pub(super) const MAX_LINE: usize = 1 << 20;

/// Answers driver requests with a card, as a PC/SC reader driver would.
pub struct StdioBridge<'c, P> {
    card: &'c mut Card<P>,
}

impl<'c, P: Es10Processor> StdioBridge<'c, P> {
    pub fn new(card: &'c mut Card<P>) -> Self {
        Self { card }
    }

    /// Executes one request on the card.
    ///
    /// - `connect` powers the card if it is not powered (no reset of a powered card).
    /// - `logic_channel_open` sends MANAGE CHANNEL open and SELECT of the given AID on the
    ///   new channel; the reply's `ecode` is the channel number. If the SELECT fails the
    ///   channel is closed again and `ecode` is -1.
    /// - `transmit` sends the C-APDU as given (lpac puts the channel in CLA itself).
    /// - `logic_channel_close` sends MANAGE CHANNEL close.
    /// - `disconnect` resets the card, ending the session as a reader's "reset card"
    ///   disposition does.
    pub fn handle(&mut self, request: &ApduRequest) -> ApduReply {
        match request.func {
            Func::Connect => {
                if !self.card.is_powered() {
                    self.card.power_on();
                }
                ApduReply::ok(0)
            }
            Func::Disconnect => {
                self.card.reset();
                ApduReply::ok(0)
            }
            Func::LogicChannelOpen => self.open_channel(&request.param),
            Func::LogicChannelClose => match request.param.as_slice() {
                [channel] if self.close_channel(*channel) => ApduReply::ok(0),
                _ => ApduReply::failure(),
            },
            Func::Transmit => {
                if request.param.is_empty() {
                    return ApduReply::failure();
                }
                ApduReply::with_data(self.card.transmit(&request.param))
            }
        }
    }

    fn open_channel(&mut self, aid: &[u8]) -> ApduReply {
        if aid.is_empty() || aid.len() > 16 {
            return ApduReply::failure();
        }
        let opened = self.card.process(&[0x00, 0x70, 0x00, 0x00, 0x01]);
        let channel = match (opened.sw, opened.data.as_slice()) {
            (StatusWord::OK, [channel]) => *channel,
            _ => {
                tracing::warn!(sw = %opened.sw, "stdio: MANAGE CHANNEL open refused");
                return ApduReply::failure();
            }
        };
        let mut select = vec![channel & 0x03, 0xA4, 0x04, 0x00, aid.len() as u8];
        select.extend_from_slice(aid);
        select.push(0x00);
        let selected = self.card.process(&select);
        if !self.drain(selected, channel) {
            tracing::warn!(aid = %hex::encode_upper(aid), "stdio: SELECT refused");
            self.close_channel(channel);
            return ApduReply::failure();
        }
        ApduReply::ok(i32::from(channel))
    }

    /// Reads any `61XX` remainder of a response; true when it ends in `9000`.
    fn drain(&mut self, mut response: ResponseApdu, channel: u8) -> bool {
        while response.sw.sw1() == 0x61 {
            response = self
                .card
                .process(&[channel & 0x03, 0xC0, 0x00, 0x00, response.sw.sw2()]);
        }
        response.sw == StatusWord::OK
    }

    fn close_channel(&mut self, channel: u8) -> bool {
        self.card.process(&[0x00, 0x70, 0x80, channel]).sw == StatusWord::OK
    }
}

/// Serves requests read from `requests` until end of input: replies go to `replies`, one
/// line each, flushed; every line that is not an APDU message goes unchanged to `other`.
pub fn serve<P, R, W, O>(
    card: &mut Card<P>,
    mut requests: R,
    mut replies: W,
    mut other: O,
) -> io::Result<()>
where
    P: Es10Processor,
    R: BufRead,
    W: Write,
    O: Write,
{
    let mut bridge = StdioBridge::new(card);
    loop {
        let line = match read_line(&mut requests, MAX_LINE)? {
            Input::Line(line) => line,
            Input::TooLong => {
                tracing::warn!("stdio: dropped a line longer than {MAX_LINE} bytes");
                continue;
            }
            Input::End => return Ok(()),
        };
        let reply = match parse_line(&line) {
            Line::Apdu(request) => bridge.handle(&request),
            Line::BadApdu(why) => {
                tracing::warn!("stdio: refused APDU request: {why}");
                ApduReply::failure()
            }
            Line::Other => {
                other.write_all(&line)?;
                other.write_all(b"\n")?;
                other.flush()?;
                continue;
            }
        };
        replies.write_all(reply.to_line().as_bytes())?;
        replies.write_all(b"\n")?;
        replies.flush()?;
    }
}

/// What [`read_line`] found.
#[derive(PartialEq, Eq, Debug)]
enum Input {
    /// One line without its `\n` (or `\r\n`).
    Line(Vec<u8>),
    /// A line longer than the limit, consumed and dropped.
    TooLong,
    End,
}

fn read_line(reader: &mut impl BufRead, max: usize) -> io::Result<Input> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let (consumed, done) = {
            let buf = match reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            read_any = true;
            let newline = buf.iter().position(|b| *b == b'\n');
            let chunk = &buf[..newline.unwrap_or(buf.len())];
            if !too_long {
                if line.len() + chunk.len() > max {
                    too_long = true;
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            match newline {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            }
        };
        reader.consume(consumed);
        if done {
            break;
        }
    }
    if !read_any {
        return Ok(Input::End);
    }
    if too_long {
        return Ok(Input::TooLong);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Input::Line(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Input> {
        let mut reader = input;
        let mut out = Vec::new();
        while let Ok(line) = read_line(&mut reader, max) {
            if line == Input::End {
                break;
            }
            out.push(line);
        }
        out
    }

    #[test]
    fn lines_end_in_lf_or_crlf_and_the_last_may_lack_one() {
        assert_eq!(
            lines(b"a\r\nb\n\nc", 10),
            [
                Input::Line(b"a".to_vec()),
                Input::Line(b"b".to_vec()),
                Input::Line(vec![]),
                Input::Line(b"c".to_vec())
            ]
        );
        assert!(lines(b"", 10).is_empty());
    }

    #[test]
    fn overlong_lines_are_dropped_whole() {
        assert_eq!(
            lines(b"0123456789ABC\nok\n", 10),
            [Input::TooLong, Input::Line(b"ok".to_vec())]
        );
    }
}
