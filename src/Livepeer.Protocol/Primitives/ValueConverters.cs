using System.ComponentModel;
using System.Globalization;

namespace Livepeer.Protocol;

/// <summary>Lets configuration bind <see cref="Wei"/> settings from text such as <c>"50 gwei"</c> or <c>"0.1 ether"</c>.</summary>
public sealed class WeiTypeConverter : TypeConverter
{
    /// <inheritdoc/>
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc/>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text ? Wei.Parse(text) : base.ConvertFrom(context, culture, value);
}

/// <summary>Lets configuration bind <see cref="EthAddress"/> settings from hex text.</summary>
public sealed class EthAddressTypeConverter : TypeConverter
{
    /// <inheritdoc/>
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc/>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text ? EthAddress.Parse(text) : base.ConvertFrom(context, culture, value);
}
