"""One reader per source layout. Each yields `ObjectRecord`s; geometry is loaded on demand."""
