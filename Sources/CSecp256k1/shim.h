#pragma once
#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

// The flag macros are compositions of other macros, which Swift does not import; these constants carry their values.
static const unsigned int heliograph_secp256k1_context_none = SECP256K1_CONTEXT_NONE;
static const unsigned int heliograph_secp256k1_ec_compressed = SECP256K1_EC_COMPRESSED;
