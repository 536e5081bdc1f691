//! Paging for list operations.

use serde::{Deserialize, Serialize};

/// Default page size of list calls.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Largest page size the SDK sends.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a list result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Items on this page.
    #[serde(alias = "list", alias = "items", default = "Vec::new")]
    pub records: Vec<T>,
    /// Total number of items across all pages.
    #[serde(default)]
    pub total: u64,
    /// This page's number, from 1.
    #[serde(default)]
    pub page_num: u32,
    /// Page size used.
    #[serde(default)]
    pub page_size: u32,
}

impl<T> Page<T> {
    /// True when pages after this one may hold more items.
    pub fn has_more(&self) -> bool {
        let seen = u64::from(self.page_num.max(1)) * u64::from(self.page_size.max(1));
        !self.records.is_empty() && seen < self.total
    }
}
