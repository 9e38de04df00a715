extension VectorRegistry {
    /// ZF DKG and repair-share vectors (none registered yet).
    static var frostKeyGenerationFamilies: [VectorFamily] { [] }
}
