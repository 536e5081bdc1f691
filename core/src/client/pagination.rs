//! Lazy iteration over list operations: pages are fetched as the iterator advances, until the
//! reported total is reached or a page comes back empty.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;

use super::Client;
use crate::error::{Error, Result};
use crate::model::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::operation::Operation;

/// Iterator over every item of a list operation. Yields `Err` once and stops if a page fails.
pub struct PageIter<T> {
    client: Client,
    op: Operation,
    request: serde_json::Map<String, serde_json::Value>,
    next_page: u32,
    page_size: u32,
    buffer: VecDeque<T>,
    seen: u64,
    total: Option<u64>,
    done: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for PageIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageIter")
            .field("op", &self.op)
            .field("next_page", &self.next_page)
            .field("page_size", &self.page_size)
            .field("seen", &self.seen)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl<T: serde::de::DeserializeOwned> PageIter<T> {
    pub(crate) fn new<R: serde::Serialize>(client: Client, op: Operation, request: &R) -> Result<Self> {
        let value = serde_json::to_value(request)
            .map_err(|e| Error::InvalidArgument { reason: format!("cannot serialise list request: {e}") })?;
        let serde_json::Value::Object(request) = value else {
            return Err(Error::InvalidArgument { reason: "list request must be a JSON object".into() });
        };
        let number = |key: &str| request.get(key).and_then(|v| v.to_string().parse::<u32>().ok());
        let page_size = number("pageSize").unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
        let next_page = number("pageNum").unwrap_or(1).max(1);
        Ok(PageIter {
            client,
            op,
            request,
            next_page,
            page_size,
            buffer: VecDeque::new(),
            seen: 0,
            total: None,
            done: false,
            _item: PhantomData,
        })
    }

    /// Total reported by the last page fetched, if any.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Fetches the next page (items not yet yielded from earlier pages are dropped).
    pub fn next_page(&mut self) -> Option<Result<Page<T>>> {
        if self.done {
            return None;
        }
        let mut body = self.request.clone();
        body.insert("pageNum".into(), self.next_page.into());
        body.insert("pageSize".into(), self.page_size.into());
        let page: Result<Page<T>> = self.client.list(self.op, &serde_json::Value::Object(body));
        match page {
            Ok(page) => {
                self.next_page += 1;
                self.seen += page.records.len() as u64;
                self.total = Some(page.total);
                if page.records.is_empty() || self.seen >= page.total || self.next_page > 1_000_000 {
                    self.done = true;
                }
                Some(Ok(page))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned> Iterator for PageIter<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.next_page()? {
                Ok(page) => self.buffer.extend(page.records),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
