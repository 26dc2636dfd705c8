import { describe, expect, it } from 'vitest';
import { parseExports } from './compose-pair.js';

describe('parseExports', () => {
  it('reads the export lines `compose.sh env` prints, several per line, and ignores the rest', () => {
    const text = [
      'compose: a warning on the same stream',
      'export RABBITMQ_URL=amqp://admin:s3cret@127.0.0.1:5722',
      'export RABBITMQ_STOMP_HOST=127.0.0.1 RABBITMQ_STOMP_PORT=61663',
      "export PUBLISHER_URL='http://127.0.0.1:8722'",
      'export EMPTY=',
      '',
    ].join('\n');
    expect(parseExports(text)).toEqual({
      RABBITMQ_URL: 'amqp://admin:s3cret@127.0.0.1:5722',
      RABBITMQ_STOMP_HOST: '127.0.0.1',
      RABBITMQ_STOMP_PORT: '61663',
      PUBLISHER_URL: 'http://127.0.0.1:8722',
      EMPTY: '',
    });
  });

  it('gives nothing for output without exports', () => {
    expect(parseExports('no stack running\n')).toEqual({});
  });
});
