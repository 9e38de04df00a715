extension VectorRegistry {
    /// The FROST families: signing (frost-a) and key generation (frost-b).
    static var frostFamilies: [VectorFamily] { frostSigningFamilies + frostKeyGenerationFamilies }

    /// RFC 9591 and ZF signing, big-identifier and element vectors (none registered yet).
    static var frostSigningFamilies: [VectorFamily] { [] }
}
