#!/usr/bin/env python3
"""Plays the online watch-only wallet (Sparrow's part) with embit, another implementation: reads the descriptor
Heliograph exported (`heliograph wallet export`, or the demo's JSON `descriptor`), and prints a base64 PSBT that
spends the wallet's receive addresses 0 and 1 (50,000 sat each, made-up previous outputs), pays 70,000 sat to a
P2WPKH and 20,000 sat back to change address 0, with the Taproot derivations a wallet writes.

    python3 -m venv .build/embit && .build/embit/bin/pip install embit==0.8.0
    .build/embit/bin/python scripts/embit-spend.py 'tr([...]tpub.../<0;1>/*)#...' testnet > unsigned.psbt
"""
import hashlib
import sys

from embit import ec, script
from embit.descriptor import Descriptor
from embit.networks import NETWORKS
from embit.psbt import PSBT, DerivationPath
from embit.transaction import Transaction, TransactionInput, TransactionOutput

if len(sys.argv) != 3:
    sys.exit("usage: embit-spend.py DESCRIPTOR mainnet|testnet|signet|regtest")
text = sys.argv[1].split("#")[0]
network = {"mainnet": "main", "testnet": "test", "signet": "signet", "regtest": "regtest"}[sys.argv[2]]
descriptor = Descriptor.from_string(text)
fingerprint = descriptor.keys[0].origin.fingerprint


def derived(branch, index):
    d = descriptor.derive(index, branch_index=branch)
    return d.script_pubkey(), d.keys[0].get_public_key()


spends = [(0, 0, 50_000), (0, 1, 50_000)]
vin = [TransactionInput(hashlib.sha256(bytes([i])).digest(), i, sequence=0xFFFFFFFD) for i in range(len(spends))]
change_script, change_key = derived(1, 0)
payee = script.p2wpkh(ec.PrivateKey(bytes([0x44]) * 32).get_public_key())
tx = Transaction(version=2, vin=vin, vout=[TransactionOutput(70_000, payee), TransactionOutput(20_000, change_script)])
psbt = PSBT(tx)
for i, (branch, index, amount) in enumerate(spends):
    spk, key = derived(branch, index)
    psbt.inputs[i].witness_utxo = TransactionOutput(amount, spk)
    psbt.inputs[i].taproot_bip32_derivations[key] = ([], DerivationPath(fingerprint, [branch, index]))
    psbt.inputs[i].taproot_internal_key = key
psbt.outputs[1].taproot_bip32_derivations[change_key] = ([], DerivationPath(fingerprint, [1, 0]))
psbt.outputs[1].taproot_internal_key = change_key
print(psbt.to_string())
