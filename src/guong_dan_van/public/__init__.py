"""The public chuyên trang Dân vận khéo: pages anyone may open without an account."""
