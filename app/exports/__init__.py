"""Exports of an edition's data to CSV and XLSX for organisers."""
