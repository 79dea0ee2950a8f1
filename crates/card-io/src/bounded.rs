//! A blocking exchange with a bound on its wait: the transport that cannot time out itself
//! (pcsc-lite's SCardTransmit waits as long as pcscd does) runs on a thread of its own, and
//! the caller waits for each answer at most `timeout`. A transport that does not answer in
//! time is given up: its thread is left to return when it does (then it ends, its answer
//! unread), and every later exchange fails at once, so a reader or a pcscd that hangs ends
//! in an error instead of a hung channel.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Why a bounded exchange failed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Bounded<E> {
    /// The transport's own error.
    Failed(E),
    /// No answer within the timeout (now or in an earlier exchange).
    TimedOut,
    /// The transport's thread is gone (it panicked).
    Gone,
}

/// A transport on its own thread, reached through two channels: requests `Q` in, answers
/// out.
pub(crate) struct BoundedExchange<Q, E> {
    commands: Option<Sender<Q>>,
    answers: Receiver<Result<Vec<u8>, E>>,
    timeout: Duration,
}

impl<Q: Send + 'static, E: Send + 'static> BoundedExchange<Q, E> {
    /// Moves `transport` to a thread named `name`, which runs `exchange` for each request;
    /// `close` runs there when the exchange is dropped.
    pub(crate) fn spawn<T, X, C>(
        name: &str,
        transport: T,
        timeout: Duration,
        mut exchange: X,
        close: C,
    ) -> std::io::Result<BoundedExchange<Q, E>>
    where
        T: Send + 'static,
        X: FnMut(&mut T, Q) -> Result<Vec<u8>, E> + Send + 'static,
        C: FnOnce(T) + Send + 'static,
    {
        let (commands, inbox) = mpsc::channel::<Q>();
        let (outbox, answers) = mpsc::channel();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let mut transport = transport;
                while let Ok(command) = inbox.recv() {
                    if outbox.send(exchange(&mut transport, command)).is_err() {
                        break;
                    }
                }
                close(transport);
            })?;
        Ok(BoundedExchange {
            commands: Some(commands),
            answers,
            timeout,
        })
    }

    /// One exchange, waiting at most the timeout.
    pub(crate) fn exchange(&mut self, request: Q) -> Result<Vec<u8>, Bounded<E>> {
        let Some(commands) = &self.commands else {
            return Err(Bounded::TimedOut);
        };
        if commands.send(request).is_err() {
            return Err(Bounded::Gone);
        }
        match self.answers.recv_timeout(self.timeout) {
            Ok(answer) => answer.map_err(Bounded::Failed),
            Err(RecvTimeoutError::Timeout) => {
                // Given up: the thread ends when the transport returns and finds no one.
                self.commands = None;
                Err(Bounded::TimedOut)
            }
            Err(RecvTimeoutError::Disconnected) => Err(Bounded::Gone),
        }
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Answers come back through the thread; a transport that stops answering is given up
    /// within the timeout and stays given up; dropping the exchange closes the transport.
    #[test]
    fn a_transport_that_hangs_is_given_up_and_the_exchange_fails_at_once() {
        let closed = Arc::new(AtomicBool::new(false));
        let seen = closed.clone();
        let mut x = BoundedExchange::spawn(
            "test-transport",
            0u32,
            Duration::from_millis(200),
            |calls: &mut u32, command: &'static [u8]| {
                *calls += 1;
                if command == b"hang" {
                    std::thread::sleep(Duration::from_secs(2));
                }
                if command == b"fail" {
                    return Err("refused");
                }
                Ok([command, &[0x90, 0x00]].concat())
            },
            move |_| seen.store(true, Ordering::SeqCst),
        )
        .unwrap();
        assert_eq!(x.timeout(), Duration::from_millis(200));
        assert_eq!(x.exchange(b"A".as_slice()).unwrap(), b"A\x90\x00");
        assert_eq!(
            x.exchange(b"fail".as_slice()),
            Err(Bounded::Failed("refused"))
        );
        assert_eq!(x.exchange(b"hang".as_slice()), Err(Bounded::TimedOut));
        assert_eq!(
            x.exchange(b"B".as_slice()),
            Err(Bounded::TimedOut),
            "given up for good"
        );
        drop(x);

        let closed2 = Arc::new(AtomicBool::new(false));
        let seen2 = closed2.clone();
        let y = BoundedExchange::<Vec<u8>, ()>::spawn(
            "test-transport",
            (),
            Duration::from_secs(1),
            |_, c: Vec<u8>| Ok(c),
            move |_| seen2.store(true, Ordering::SeqCst),
        )
        .unwrap();
        drop(y);
        for _ in 0..100 {
            if closed2.load(Ordering::SeqCst) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(closed2.load(Ordering::SeqCst), "closed when dropped");
        let _ = closed;
    }
}
