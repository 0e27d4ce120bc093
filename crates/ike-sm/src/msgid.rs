//! Message ID windows (RFC 7296 2.3) with a window size of 1, as Libreswan
//! and strongSwan use by default.

/// Our side as requester: the ID of the next request and whether one is
/// outstanding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestWindow {
    next: u32,
    outstanding: Option<u32>,
}

impl RequestWindow {
    /// Can a new request go out (window of 1)?
    pub fn can_send(&self) -> bool {
        self.outstanding.is_none()
    }

    /// Reserve the next Message ID for a new request.
    pub fn start(&mut self) -> u32 {
        let id = self.next;
        self.outstanding = Some(id);
        self.next = self.next.wrapping_add(1);
        id
    }

    /// The outstanding request's ID.
    pub fn outstanding(&self) -> Option<u32> {
        self.outstanding
    }

    /// Does a response with this ID answer our outstanding request?
    pub fn is_expected_response(&self, id: u32) -> bool {
        self.outstanding == Some(id)
    }

    /// The response arrived.
    pub fn complete(&mut self) {
        self.outstanding = None;
    }

    /// Restart from ID 0 (IKE_SA_INIT retried with a cookie or new KE
    /// keeps ID 0, RFC 7296 2.6/1.2).
    pub fn reset(&mut self) {
        *self = RequestWindow::default();
    }

    /// The next ID that will be used.
    pub fn next_id(&self) -> u32 {
        self.next
    }
}

/// What to do with a received request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestVerdict {
    /// New request in order: process it.
    New,
    /// Retransmission of the last request: resend the cached response.
    Retransmit,
    /// Old or out of window: drop (RFC 7296 2.3).
    Drop,
}

/// Our side as responder: the ID expected next and the last response,
/// kept to answer retransmissions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseWindow {
    expected: u32,
    last: Option<(u32, Vec<Vec<u8>>)>,
}

impl ResponseWindow {
    /// Classify a request's Message ID.
    pub fn check(&self, id: u32) -> RequestVerdict {
        if id == self.expected {
            RequestVerdict::New
        } else if self.last.as_ref().is_some_and(|(l, _)| *l == id) {
            RequestVerdict::Retransmit
        } else {
            RequestVerdict::Drop
        }
    }

    /// Record that `id` was answered with these datagrams (one, or the
    /// fragments), and move the window on.
    pub fn answered(&mut self, id: u32, datagrams: Vec<Vec<u8>>) {
        self.last = Some((id, datagrams));
        self.expected = id.wrapping_add(1);
    }

    /// The cached response datagrams.
    pub fn cached(&self) -> Option<&[Vec<u8>]> {
        self.last.as_ref().map(|(_, d)| d.as_slice())
    }

    /// The next expected request ID.
    pub fn expected(&self) -> u32 {
        self.expected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        let mut r = RequestWindow::default();
        assert!(r.can_send());
        assert_eq!(r.start(), 0);
        assert!(!r.can_send());
        assert!(r.is_expected_response(0));
        assert!(!r.is_expected_response(1));
        r.complete();
        assert_eq!(r.start(), 1);

        let mut w = ResponseWindow::default();
        assert_eq!(w.check(0), RequestVerdict::New);
        assert_eq!(w.check(1), RequestVerdict::Drop);
        w.answered(0, vec![vec![1]]);
        assert_eq!(w.check(0), RequestVerdict::Retransmit);
        assert_eq!(w.check(1), RequestVerdict::New);
        assert_eq!(w.check(5), RequestVerdict::Drop);
    }
}
