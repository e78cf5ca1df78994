"""The registry of "Dân vận khéo" models (mô hình, collective) and examples (điển hình, individual)."""
