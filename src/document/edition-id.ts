import { createHash } from 'node:crypto';
import type { Asset, Edition, EditionMeta, TokenizedEdition } from './types.ts';

/*
 * An edition's ID: ten characters of Crockford's base32 in two groups of five
 * ("7K2MQ-9TX4A"), the first 50 bits of a SHA-256 of everything the edition holds:
 * its metadata (every field, whatever is added to EditionMeta later, but the ID
 * itself), its tree and its values, its signatories and the digest of every image it
 * embeds. Every format of an edition prints the same ID; the same content always gives
 * the same ID, and different content a different one (50 bits: for a million editions
 * the chance that any two share an ID is below one in two thousand).
 *
 * Crockford's alphabet has no I, L, O or U, so an ID read aloud or typed from paper
 * is unambiguous.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VERSION = 'policyc edition id 1';

/** An ID as printed: two groups of five characters of the alphabet, with a hyphen. */
export const EDITION_ID = /[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/;

/** What each file says before its ID, in its footer and in its metadata. */
export const EDITION_ID_LABEL = 'Edition ID';

/** The name of the HTML edition's `<meta>` that holds its ID. */
export const EDITION_ID_META = 'policyc-edition-id';

const assetDigests = new WeakMap<Asset, string>();

/** An image's digest, once per image object (every edition of a run shares the project's images). */
function assetDigest(asset: Asset): string {
  let digest = assetDigests.get(asset);
  if (digest === undefined) {
    digest = createHash('sha256').update(asset.mime).update('\n').update(asset.base64).digest('base64url');
    assetDigests.set(asset, digest);
  }
  return digest;
}

function assetsDigest(assets: Record<string, Asset>): [string, string][] {
  return Object.keys(assets).sort().map((file) => [file, assetDigest(assets[file]!)]);
}

/** The metadata without its ID, keys in a fixed order. */
function metaWithoutId(meta: EditionMeta): [string, unknown][] {
  return Object.keys(meta).filter((k) => k !== 'editionId').sort().map((k) => [k, meta[k as keyof EditionMeta]]);
}

function encode(digest: Buffer): string {
  // 50 bits: the first 7 bytes' 56, less 6.
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  bits >>= 6n;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/**
 * The ID of an edition before its values are filled in (what the edition maker makes):
 * its shape's id is already a digest of the policy's metadata and of the tokenized
 * tree, so this hashes that, the values, the signatories, the metadata and the images.
 */
export function tokenizedEditionId(edition: TokenizedEdition): string {
  const hash = createHash('sha256').update(VERSION).update('\ntokenized\n');
  hash.update(JSON.stringify([metaWithoutId(edition.meta), edition.shape.id, edition.values, edition.signatories, assetsDigest(edition.assets)]));
  return encode(hash.digest());
}

/**
 * The ID of an edition: the one its metadata records (set when it was made), else, for
 * an edition made directly from a tree, from that tree, its metadata and its images.
 */
export function editionIdOf(edition: Edition): string {
  if (edition.meta.editionId !== undefined) return edition.meta.editionId;
  if (edition.tokenized) return tokenizedEditionId(edition.tokenized);
  const hash = createHash('sha256').update(VERSION).update('\ntree\n');
  hash.update(JSON.stringify([metaWithoutId(edition.meta), edition.tree, assetsDigest(edition.assets ?? {})]));
  return encode(hash.digest());
}

/** The edition's metadata with its ID in (the writers print it from there). */
export function withEditionId(edition: Edition): EditionMeta {
  return edition.meta.editionId !== undefined ? edition.meta : { ...edition.meta, editionId: editionIdOf(edition) };
}
