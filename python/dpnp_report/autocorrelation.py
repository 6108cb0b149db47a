"""Autocorrelation of a scalar trace's kept part, for the report's plots (the IAT/ESS numbers
themselves are dpnp's, read from the result file)."""
import numpy as np


def kept_part(trace, burn_in, thinning):
    """The iterations whose samples enter the estimates: after burn-in, every thinning-th."""
    thinning = max(1, int(thinning))
    return np.asarray(trace, dtype=np.float64)[int(burn_in) + thinning - 1::thinning]


def autocorrelation(values, max_lag):
    """Normalised autocorrelation rho_0..rho_max_lag (biased autocovariance by FFT, divided by n).
    NaN when there are fewer than 2 values or the trace is constant."""
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    lags = max(0, min(int(max_lag), n - 1))
    if n < 2:
        return np.full(lags + 1, np.nan)
    x = x - x.mean()
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(x, size)
    autocovariance = np.fft.irfft(spectrum * np.conj(spectrum), size)[: lags + 1] / n
    if autocovariance[0] <= 0:
        return np.full(lags + 1, np.nan)
    return autocovariance / autocovariance[0]
