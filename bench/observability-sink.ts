// The outside world of `engine-observability.bench.ts`, in its own process so its work does not
// count against the engine's: an OTLP/HTTP collector decoding every export, and a Prometheus-like
// scraper fetching /metrics once a second once told where.
import { startOtlpReceiver } from '../tests/fixtures/otlp-receiver';

const collector = await startOtlpReceiver();
let scraper: NodeJS.Timeout | undefined;
let scrapes = 0;
let failedScrapes = 0;

process.on('message', (message: { scrape?: { url: string; token: string }; stop?: boolean }) => {
  if (message.scrape) {
    const { url, token } = message.scrape;
    scraper = setInterval(() => {
      fetch(url, { headers: { authorization: `Bearer ${token}` } }).then(
        async (response) => {
          await response.text();
          if (response.ok) scrapes++;
          else failedScrapes++;
        },
        () => failedScrapes++,
      );
    }, 1000);
  }
  if (message.stop) {
    clearInterval(scraper);
    process.send!({ spans: collector.spans.length, scrapes, failedScrapes }, () => void collector.close().then(() => process.exit(0)));
  }
});
process.send!({ url: collector.url });
