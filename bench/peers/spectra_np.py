"""The spectra recipe in numpy, shared by bench/spectra.py and the PyTorch peer: per tap, fft2 of
every channel, ln(|F| + 1e-6), mean over channels, fftshift, half-diagonal minus DC."""
import numpy as np


def spectra(x):
    h = x.shape[-1]
    amp = np.log(np.abs(np.fft.fft2(x)) + 1e-6)
    mean = np.fft.fftshift(amp.mean(axis=(0, 1)))
    diag = mean.diagonal()[h // 2:]
    return mean, diag - diag[0]
