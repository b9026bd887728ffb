"""Helpers the tests share (real servers started as subprocesses)."""
