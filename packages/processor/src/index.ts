// Filled in by its own issue; see README.md.
export {};
