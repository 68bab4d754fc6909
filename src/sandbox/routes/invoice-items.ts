// Placeholder until the money-engine work lands in this file.
import type { RouteDef } from '../core/types.js';

export const routes: RouteDef[] = [];
