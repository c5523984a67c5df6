import { expect, it } from "vitest";
import { prometheusText } from "./prometheusText";

it("renders HELP/TYPE lines, escapes label values and help text, and skips empty families", () => {
  const text = prometheusText([
    {
      name: "x_total",
      help: 'Reports\nwith a \\ "quote".',
      type: "counter",
      samples: [{ labels: { version: 'v"1\\\n' }, value: 3 }],
    },
    { name: "empty", help: "none", type: "gauge", samples: [] },
    {
      name: "lat_ms",
      help: "Latency.",
      type: "summary",
      samples: [
        { labels: { quantile: "0.5" }, value: Number.NaN },
        { suffix: "_count", labels: {}, value: Number.POSITIVE_INFINITY },
      ],
    },
  ]);
  expect(text).toBe(
    [
      '# HELP x_total Reports\\nwith a \\\\ "quote".',
      "# TYPE x_total counter",
      'x_total{version="v\\"1\\\\\\n"} 3',
      "# HELP lat_ms Latency.",
      "# TYPE lat_ms summary",
      'lat_ms{quantile="0.5"} NaN',
      "lat_ms_count +Inf",
      "",
    ].join("\n"),
  );
});
