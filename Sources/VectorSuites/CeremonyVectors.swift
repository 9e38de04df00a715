extension VectorRegistry {
    /// The families of this layer's vector files (none registered yet).
    static var ceremonyFamilies: [VectorFamily] { [] }
}
