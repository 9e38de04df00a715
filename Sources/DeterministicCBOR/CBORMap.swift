/// A CBOR map whose keys are unique and kept in dCBOR order: bytewise lexicographic order of the keys' encodings
/// (RFC 8949 §4.2.1).
public struct CBORMap: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        let keyEncoding: [UInt8]
        let key: CBOR
        var value: CBOR
    }

    private(set) var storage: [Entry] = []

    /// An empty map.
    public init() {}

    /// A map of the pairs; when a key appears twice, the later value replaces the earlier.
    public init(_ pairs: [(CBOR, CBOR)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// Entries already known to be sorted and unique (the decoder checks this itself).
    init(sortedEntries: [Entry]) {
        storage = sortedEntries
    }

    /// The number of entries.
    public var count: Int { storage.count }

    /// The entries in deterministic order.
    public var entries: [(key: CBOR, value: CBOR)] { storage.map { ($0.key, $0.value) } }

    /// The value for a key; setting `nil` removes the entry.
    public subscript(key: CBOR) -> CBOR? {
        get {
            let encoding = key.encoded
            let index = insertionIndex(for: encoding)
            guard index < storage.count, storage[index].keyEncoding == encoding else { return nil }
            return storage[index].value
        }
        set {
            let encoding = key.encoded
            let index = insertionIndex(for: encoding)
            let present = index < storage.count && storage[index].keyEncoding == encoding
            switch (present, newValue) {
            case (true, .some(let value)): storage[index].value = value
            case (true, .none): storage.remove(at: index)
            case (false, .some(let value)): storage.insert(Entry(keyEncoding: encoding, key: key, value: value), at: index)
            case (false, .none): break
            }
        }
    }

    /// The value for a text key.
    public subscript(key: String) -> CBOR? {
        get { self[.text(key)] }
        set { self[.text(key)] = newValue }
    }

    /// The value for an integer key.
    public subscript(key: Int) -> CBOR? {
        get { self[CBOR(key)] }
        set { self[CBOR(key)] = newValue }
    }

    private func insertionIndex(for encoding: [UInt8]) -> Int {
        var low = 0
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle].keyEncoding.lexicographicallyPrecedes(encoding) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
