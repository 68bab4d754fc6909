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

/** Normalises a validated shipping hash to Stripe's shape (every member present). */
export function shippingOut(s: Record<string, any> | null | undefined): Record<string, unknown> | null | undefined {
  if (s === undefined) return undefined;
  if (s === null) return null;
  const a = s.address ?? {};
  return {
    address: {
      city: a.city ?? null,
      country: a.country ?? null,
      line1: a.line1 ?? null,
      line2: a.line2 ?? null,
      postal_code: a.postal_code ?? null,
      state: a.state ?? null,
    },
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
