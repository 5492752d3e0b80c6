//! The reload channel of `helpsite serve`: which build is served, whether the last rebuild failed, and the open pages
//! listening for news, as server-sent events.

use std::sync::Mutex;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// What a page hears: reload (a new build is served) or error (the last rebuild failed; its problems as JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Event {
    Reload { build: String, initial: bool },
    Error { json: String, initial: bool },
}

impl Event {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Event::Reload { .. } => "reload",
            Event::Error { .. } => "error",
        }
    }

    /// The event's data: JSON, one line. `initial` marks the state sent to one page as it connects (the page
    /// script passes on to other tabs only news, not its own catch-up).
    pub(super) fn data(&self) -> String {
        match self {
            Event::Reload { build, initial } => {
                serde_json::json!({ "build": build, "initial": initial }).to_string()
            }
            Event::Error { json, initial } => {
                format!("{{\"initial\":{initial},\"report\":{json}}}")
            }
        }
    }

    /// As written on an event stream.
    pub(super) fn to_sse(&self) -> String {
        format!("event: {}\ndata: {}\n\n", self.name(), self.data())
    }

    /// As answered by `/__helpsite/state`.
    pub(super) fn to_json(&self) -> String {
        format!("{{\"type\":\"{}\",\"data\":{}}}", self.name(), self.data())
    }
}

#[derive(Default)]
struct Inner {
    /// The build being served; None until the first build succeeded.
    build: Option<String>,
    /// The problems of the last rebuild (JSON), while it is the latest word.
    failed: Option<String>,
    listeners: Vec<UnboundedSender<Event>>,
    closed: bool,
}

/// Shared by the builder (which reports) and the request threads (which listen).
#[derive(Default)]
pub(super) struct Hub {
    inner: Mutex<Inner>,
}

impl Hub {
    pub(super) fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The build being served, if any.
    pub(super) fn build(&self) -> Option<String> {
        self.lock().build.clone()
    }

    /// What a page served from build `seen` needs to hear now: the problems while the last rebuild failed, a reload
    /// when a newer build is served, else nothing.
    pub(super) fn state_for(&self, seen: Option<&str>) -> Option<Event> {
        let inner = self.lock();
        state(&inner, seen)
    }

    /// A new listener, with the state it needs to hear first; None once the server is stopping.
    pub(super) fn subscribe(
        &self,
        seen: Option<&str>,
    ) -> Option<(UnboundedReceiver<Event>, Option<Event>)> {
        let mut inner = self.lock();
        if inner.closed {
            return None;
        }
        let (tx, rx) = unbounded_channel();
        inner.listeners.push(tx);
        Some((rx, state(&inner, seen)))
    }

    /// A build succeeded and is now served: every page reloads. Returns how many listen.
    pub(super) fn succeeded(&self, build: String) -> usize {
        let mut inner = self.lock();
        inner.failed = None;
        inner.build = Some(build.clone());
        broadcast(
            &mut inner,
            Event::Reload {
                build,
                initial: false,
            },
        )
    }

    /// A rebuild failed: every page shows its problems (`json`). Returns how many listen.
    pub(super) fn failed(&self, json: String) -> usize {
        let mut inner = self.lock();
        inner.failed = Some(json.clone());
        broadcast(
            &mut inner,
            Event::Error {
                json,
                initial: false,
            },
        )
    }

    /// Lets every listener go (their streams end) and takes no new ones.
    pub(super) fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.listeners.clear();
    }
}

fn state(inner: &Inner, seen: Option<&str>) -> Option<Event> {
    if let Some(json) = &inner.failed {
        return Some(Event::Error {
            json: json.clone(),
            initial: true,
        });
    }
    match &inner.build {
        Some(build) if seen != Some(build.as_str()) => Some(Event::Reload {
            build: build.clone(),
            initial: true,
        }),
        _ => None,
    }
}

fn broadcast(inner: &mut Inner, event: Event) -> usize {
    inner.listeners.retain(|l| l.send(event.clone()).is_ok());
    inner.listeners.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_an_older_build_is_told_to_reload_as_it_connects() {
        let hub = Hub::new();
        assert_eq!(hub.state_for(Some("none")), None);
        hub.succeeded("b1".into());
        assert_eq!(hub.state_for(Some("b1")), None);
        assert!(matches!(
            hub.state_for(Some("b0")),
            Some(Event::Reload { ref build, initial: true }) if build == "b1"
        ));
    }

    #[test]
    fn a_failed_rebuild_is_heard_by_listeners_and_by_pages_connecting_later_until_a_good_build() {
        let hub = Hub::new();
        hub.succeeded("b1".into());
        let (mut rx, first) = hub.subscribe(Some("b1")).unwrap();
        assert_eq!(first, None);
        assert_eq!(hub.failed("{\"errors\":1}".into()), 1);
        let event = rx.try_recv().unwrap();
        assert_eq!(event.name(), "error");
        assert_eq!(
            event.data(),
            "{\"initial\":false,\"report\":{\"errors\":1}}"
        );
        let (_rx2, first) = hub.subscribe(Some("b1")).unwrap();
        assert!(matches!(first, Some(Event::Error { initial: true, .. })));
        hub.succeeded("b2".into());
        assert_eq!(rx.try_recv().unwrap().name(), "reload");
        assert_eq!(hub.state_for(Some("b2")), None);
    }

    #[test]
    fn events_are_written_as_server_sent_events_on_one_data_line() {
        let e = Event::Reload {
            build: "x-1".into(),
            initial: false,
        };
        assert_eq!(
            e.to_sse(),
            "event: reload\ndata: {\"build\":\"x-1\",\"initial\":false}\n\n"
        );
        assert_eq!(
            e.to_json(),
            "{\"type\":\"reload\",\"data\":{\"build\":\"x-1\",\"initial\":false}}"
        );
    }

    #[test]
    fn closing_ends_every_stream_and_refuses_new_ones() {
        let hub = Hub::new();
        let (mut rx, _) = hub.subscribe(None).unwrap();
        hub.close();
        assert_eq!(
            rx.try_recv(),
            Err(tokio::sync::mpsc::error::TryRecvError::Disconnected)
        );
        assert!(hub.subscribe(None).is_none());
    }
}
