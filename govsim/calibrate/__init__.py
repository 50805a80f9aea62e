"""Calibration to the record: targets from dated facts, ABC-SMC fitting, posterior files.

`targets` is read with every scenario (it must stay light); `fit` needs the
optional `calibrate` extra (pyabc) and is imported only by `govsim calibrate`.
"""
