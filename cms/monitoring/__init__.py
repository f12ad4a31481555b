"""Operations: health checks, Prometheus metrics, who may read them (README, Production)."""
