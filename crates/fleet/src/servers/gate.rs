//! A gate on loopback in front of a server's listener: while open it forwards each TCP
//! connection to the server; closing it cuts the connections it forwards (a client's
//! kept-alive connection included) and, while closed, it accepts new ones and drops them at
//! once, so a client meets a connection closed before the TLS handshake, as when the
//! server's host is down. The lab's outages ([`crate::world::outage::Outage`]) close it for
//! their days.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// One gate; dropped, it stops accepting and cuts what it forwards.
pub struct Gate {
    addr: SocketAddr,
    open: watch::Sender<bool>,
    accept: JoinHandle<()>,
}

impl Gate {
    /// A gate on a free loopback port in front of `target`, open.
    pub async fn start(target: SocketAddr) -> std::io::Result<Gate> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let (open, state) = watch::channel(true);
        let accept = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                if !*state.borrow() {
                    drop(client);
                    continue;
                }
                tokio::spawn(forward(client, target, state.clone()));
            }
        });
        Ok(Gate { addr, open, accept })
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Opens (`true`) or closes the gate for new connections.
    pub fn set_open(&self, open: bool) {
        self.open.send_replace(open);
    }

    pub fn is_open(&self) -> bool {
        *self.open.borrow()
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Copies both ways until either side closes or the gate does; a server that cannot be
/// reached closes the client's connection.
async fn forward(mut client: TcpStream, target: SocketAddr, mut state: watch::Receiver<bool>) {
    if let Ok(mut server) = TcpStream::connect(target).await {
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        tokio::select! {
            _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
            _ = state.wait_for(|open| !*open) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Open, a byte goes through and comes back; closing cuts the connection open through
    /// it, and a new one ends at once; opened again, it forwards.
    #[tokio::test]
    async fn an_open_gate_forwards_and_a_closed_one_drops() {
        let echo = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = echo.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = echo.accept().await {
                tokio::spawn(async move {
                    let mut b = [0u8; 1];
                    while s.read_exact(&mut b).await.is_ok() {
                        if s.write_all(&b).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        let gate = Gate::start(target).await.unwrap();
        let mut c = TcpStream::connect(gate.addr()).await.unwrap();
        c.write_all(b"x").await.unwrap();
        let mut b = [0u8; 1];
        c.read_exact(&mut b).await.unwrap();
        assert_eq!(&b, b"x");
        gate.set_open(false);
        assert!(!gate.is_open());
        let _ = c.write_all(b"w").await;
        assert_eq!(
            c.read(&mut b).await.unwrap_or(0),
            0,
            "the kept connection is cut"
        );
        let mut c = TcpStream::connect(gate.addr()).await.unwrap();
        let _ = c.write_all(b"y").await;
        let n = c.read(&mut b).await.unwrap_or(0);
        assert_eq!(n, 0, "a closed gate answers nothing");
        gate.set_open(true);
        let mut c = TcpStream::connect(gate.addr()).await.unwrap();
        c.write_all(b"z").await.unwrap();
        c.read_exact(&mut b).await.unwrap();
        assert_eq!(&b, b"z");
    }
}
