// What every route plugin receives: the services and the URL builder for hyperlinked fields.
import type { PublisherServices } from '../services.js';
import type { Urls } from './serializers/urls.js';

export interface RouteDeps {
  readonly services: PublisherServices;
  readonly urls: Urls;
}
