// Parameter shapes shared by several money-engine routes (addresses, shipping, card options).
import type { Spec } from '../core/validate.js';

export const ADDRESS_FIELDS: Record<string, Spec> = {
  city: 'string',
  country: 'string',
  line1: 'string',
  line2: 'string',
  postal_code: 'string',
  state: 'string',
};

export const SHIPPING: Spec = {
  nullable: {
    object: { name: 'string', address: { object: ADDRESS_FIELDS }, phone: 'string', carrier: 'string', tracking_number: 'string' },
    required: ['name', 'address'],
  },
};

/** Normalises a validated address hash to Stripe's shape: every member present, missing ones null. */
export function addressOut(a: Record<string, any> | null | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of Object.keys(ADDRESS_FIELDS)) out[k] = a?.[k] ?? null;
  return out;
}

/** Normalises a validated shipping hash to Stripe's shape (every member present). */
export function shippingOut(s: Record<string, any> | null | undefined): Record<string, unknown> | null | undefined {
  if (s === undefined) return undefined;
  if (s === null) return null;
  return {
    address: addressOut(s.address),
    carrier: s.carrier ?? null,
    name: s.name,
    phone: s.phone ?? null,
    tracking_number: s.tracking_number ?? null,
  };
}

export const CARD_OPTIONS: Spec = {
  object: {
    card: {
      object: {
        capture_method: { enum: ['manual'] },
        request_three_d_secure: { enum: ['any', 'automatic', 'challenge'] },
        setup_future_usage: { enum: ['none', 'off_session', 'on_session'] },
        statement_descriptor_suffix_kana: 'string',
        statement_descriptor_suffix_kanji: 'string',
      },
    },
  },
};

export const STRING_LIST: Spec = { array: 'string' };
