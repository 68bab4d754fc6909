// Periodic sandbox work (e.g. moving balance transactions from pending to available), run inside
// every request's transaction before its handler. The money engine appends its ticks here.
import type { Tick } from '../core/types.js';
import { moneyTick } from '../domain/tick.js';

export const ticks: Tick[] = [moneyTick];
