using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

public class ValorRequestTests
{
    [Theory]
    [InlineData("120", ValorChangeKind.Set, 120)]
    [InlineData("+10", ValorChangeKind.Increase, 10)]
    [InlineData("-5", ValorChangeKind.Decrease, 5)]
    [InlineData(" 0 ", ValorChangeKind.Set, 0)]
    public void The_operator_form_reads_set_raise_and_lower(string text, ValorChangeKind kind, ulong amount)
    {
        Assert.True(ValorRequest.TryParse(text, out var request));
        Assert.Equal(new ValorRequest(kind, amount), request);
        Assert.Equal(text.Trim(), request.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("+-3")]
    [InlineData("99999999999999999999999")]
    public void Anything_else_is_not_a_valor_request(string text) =>
        Assert.False(ValorRequest.TryParse(text, out _));

    [Theory]
    [InlineData("120", 90, 120UL)]
    [InlineData("+10", 90, 100UL)]
    [InlineData("-90", 90, 0UL)]
    [InlineData("+65445", 90, 65535UL)]
    public void A_request_moves_the_valor_within_uWSGIs_sixteen_bits(string text, ulong current, ulong expected)
    {
        ValorRequest.TryParse(text, out var request);
        Assert.Equal(expected, request.Apply(current, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("65536", 90, "out of range")]
    [InlineData("+65446", 90, "cannot be raised")]
    [InlineData("-91", 90, "cannot be lowered")]
    public void A_request_that_would_leave_the_range_is_refused_with_a_reason(string text, ulong current, string reason)
    {
        ValorRequest.TryParse(text, out var request);
        Assert.Null(request.Apply(current, out var error));
        Assert.Contains(reason, error);
    }
}
