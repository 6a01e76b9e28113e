import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheusText } from './helpers/prometheus.ts';

// The e2e tests trust this parser to reject what Prometheus would; these cases show it does.

const GOOD = `# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/a/{id}",status="200"} 3.0
http_requests_total{method="GET",route="say \\"hi\\"\\n",status="404"} 1.0
# HELP d_seconds Durations.
# TYPE d_seconds histogram
d_seconds_bucket{le="0.1",route="/a"} 1.0
d_seconds_bucket{le="+Inf",route="/a"} 2.0
d_seconds_count{route="/a"} 2.0
d_seconds_sum{route="/a"} 0.3
up 1 1700000000000
`;

test('parses families, types, escaped label values and histograms', () => {
  const families = parsePrometheusText(GOOD);
  assert.equal(families.get('http_requests_total')?.type, 'counter');
  assert.equal(families.get('http_requests_total')?.samples[1]?.labels['route'], 'say "hi"\n');
  assert.equal(families.get('d_seconds')?.samples.length, 4);
  assert.equal(families.get('up')?.type, 'untyped');
});

test('rejects what a Prometheus server would reject', () => {
  const bad = [
    'no_newline 1',
    'bad-name 1\n',
    'x{a="1",a="2"} 1\n',
    'x{a="unterminated} 1\n',
    'x 1 2 3\n',
    'x one\n',
    '# TYPE x counter\n# TYPE x gauge\n',
    '# TYPE x counter\nx_total 1\n# TYPE y gauge\ny 1\nx_total 2\n',
    '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n',
  ];
  for (const text of bad) assert.throws(() => parsePrometheusText(text), Error, JSON.stringify(text));
});
