// undici's Dispatcher base class with its promise `request()` API, and nothing else of undici: what a
// custom Dispatcher (the embedded sandbox's in-process one) needs. Importing 'undici' itself evaluates
// fetch, WebSocket, caches and mocks (~95 ms per process, bundled). undici 7 has no "exports" map, so
// the deep paths are supported by its layout; the casts below give them the public types.
// @ts-expect-error -- deep import without its own declaration; typed below.
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
// @ts-expect-error -- see above.
import WrapHandlerImpl from 'undici/lib/handler/wrap-handler.js';
// @ts-expect-error -- see above.
import request from 'undici/lib/api/api-request.js';
import type { Dispatcher as DispatcherType } from 'undici';

// undici's index.js assigns all of lib/api to Dispatcher.prototype; payctl only calls request(),
// and leaving out stream/pipeline/upgrade/connect saves their start-up cost.
(DispatcherImpl as { prototype: Record<string, unknown> }).prototype.request = request;

export const Dispatcher = DispatcherImpl as typeof DispatcherType;
export type Dispatcher = DispatcherType;

/** Turns a handler written for undici's older callback API (onConnect/onHeaders…) into the controller API. */
export const wrapHandler = (WrapHandlerImpl as { wrap(h: DispatcherType.DispatchHandler): DispatcherType.DispatchHandler }).wrap;
