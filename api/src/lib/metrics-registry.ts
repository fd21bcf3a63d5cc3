// A process's Prometheus registry, as every service of the API package sets one up: its own
// registry (never prom-client's global one: tests build several apps in one process), Node's
// default process metrics, and constructors that register each series there.
import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from "prom-client";

export function metricsRegistry() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    counter: <L extends string>(config: CounterConfiguration<L>) => new Counter<L>({ ...config, registers: [registry] }),
    gauge: <L extends string>(config: GaugeConfiguration<L>) => new Gauge<L>({ ...config, registers: [registry] }),
    histogram: <L extends string>(config: HistogramConfiguration<L>) => new Histogram<L>({ ...config, registers: [registry] }),
  };
}
