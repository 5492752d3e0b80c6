//! Work moved off the caller's thread.

/// Frees `value` on another thread: a large site's build holds hundreds of thousands of small allocations, and the
/// caller (the command line about to exit, or `serve` about to answer) need not wait for them to be freed.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
