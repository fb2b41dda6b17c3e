using Akka.Event;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// The transport of one legion: owns its datagram socket, turns received datagrams into
/// <see cref="AnnounceReceived"/> for membership (dropping and counting anything malformed,
/// foreign or hostile, never throwing), and seals and sends announces to every node.
/// </summary>
/// <remarks>
/// The socket is bound in <see cref="PreStart"/>; if that fails the parent is told
/// <see cref="TransportFailed"/> and this actor stops. A receive thread queues each datagram for
/// the actor, so decoding happens in the actor, at most <see cref="DatagramsPerTurn"/> per message
/// (<see cref="ReceiveBatch"/>), so that the node's own sends and every other actor of the legion get
/// the thread between batches however long the queue; at most
/// <see cref="LegionExtensionSettings.ReceiveBacklogBytes"/> wait (<c>legion.udp.receive-backlog</c>, default 4 MiB), the
/// rest is dropped and counted (<see cref="DropReason.Overloaded"/>). The socket asks the kernel for a receive buffer of
/// <see cref="LegionExtensionSettings.ReceiveBufferBytes"/> (<c>legion.udp.receive-buffer-size</c>, default 1 MiB).
/// </remarks>
internal sealed class UdpListener : ReceiveActor
{
    private readonly LegionSettings _settings;
    private readonly IActorRef _membership;
    private readonly Dictionary<DropReason, long> _drops = [];
    private readonly Dictionary<DropReason, (long Count, TimeSpan? LastLog)> _dropLog = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private IReadOnlyList<EndPoint> _nodes = [];
    private readonly AnnounceAdmission _admission;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private TimeSpan? _lastSendErrorLog;
    private ReceiveBacklog _backlog;
    private int _batchesAtMembership;
    private bool _waitingForMembership;

    /// <summary>Creates the transport.</summary>
    /// <param name="settings">The legion's settings (address, nodes, cipher).</param>
    /// <param name="membership">Where decoded announces go.</param>
    public UdpListener(LegionSettings settings, IActorRef membership)
    {
        _settings = settings;
        _admission = new AnnounceAdmission(settings);
        _membership = membership;
        _backlog = new ReceiveBacklog(settings.Tunables.ReceiveBacklogBytes);
        Receive<ReceiveBatch>(_ => OnBatch());
        Receive<AnnounceBatchJudged>(_ => OnBatchJudged());
        Receive<SendAnnounce>(OnSend);
        Receive<CountDrop>(drop => Count(drop.Reason));
        Receive<GetTransportStats>(_ => Sender.Tell(Stats()));
        Receive<ReceiveLoopFailed>(OnReceiveLoopFailed);
    }

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef membership) =>
        LegionProps.Create(() => new UdpListener(settings, membership));

    /// <inheritdoc />
    protected override void PreStart()
    {
        try
        {
            _socket = LegionSocket.Bind(_settings.Definition.Address, _settings.MulticastTtl, _settings.MulticastLoop);
            _nodes = _settings.Definition.Nodes.Select(LegionSocket.Resolve).ToList();
            if (_nodes.Any(n => n is IPEndPoint ip && LegionSocket.IsBroadcast(ip.Address)))
            {
                // uWSGI only enables broadcast when it binds 255.255.255.255; sending to a broadcast node needs it too.
                _socket.EnableBroadcast = true;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            _socket?.Dispose();
            _socket = null;
            Context.Parent.Tell(new TransportFailed(ex));
            Context.Stop(Self);
            return;
        }
        Context.Parent.Tell(new TransportReady(_socket.LocalEndPoint!));
        _backlog = new ReceiveBacklog(_settings.Tunables.ReceiveBacklogBytes);
        StartReceiving(_socket, Self, _settings.Name, _settings.Tunables.ReceiveBufferBytes, _backlog, _stopping.Token);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _socket?.Dispose(); // unblocks the receive thread, which sees the cancellation and ends
        // _stopping is not disposed: the receive thread may still read its token after this returns.
    }

    /// <summary>
    /// Least time between two log lines about one kind of drop, or about failed sends
    /// (<c>legion.udp.drop-log-interval</c>, default 10 s).
    /// </summary>
    private TimeSpan DropLogInterval => _settings.Tunables.DropLogInterval;

    /// <summary>
    /// Datagrams opened per <see cref="ReceiveBatch"/>: 32. A flood's datagrams used to sit in this actor's mailbox
    /// ahead of the node's own <see cref="SendAnnounce"/>, so its heartbeats waited behind the whole backlog
    /// (issue 12); now a send waits behind one batch at most (tens of µs per announce).
    /// </summary>
    public const int DatagramsPerTurn = 32;

    /// <summary>
    /// Batches of announces passed to membership and not yet judged, at most: 2 (64 announces). Beyond it the
    /// datagrams wait undecoded in the bounded backlog (<see cref="LegionExtensionSettings.ReceiveBacklogBytes"/>), so the queue in front of
    /// membership never grows with a flood, and the flood's excess is dropped and counted here, cheaply, before
    /// decryption.
    /// </summary>
    public const int MaxBatchesAtMembership = 2;

    /// <summary>
    /// Shared by the receive thread and the actor: the datagrams waiting, their bytes, datagrams dropped for a full
    /// backlog, and whether a <see cref="ReceiveBatch"/> is in the mailbox (1) or not (0). At most <see cref="Limit"/>
    /// bytes wait (the bench's <c>compare --only flood</c> sized the defaults of both the limit and the socket buffer:
    /// see reference.conf).
    /// </summary>
    private sealed class ReceiveBacklog(int limit)
    {
        public readonly int Limit = limit;
        public readonly ConcurrentQueue<DatagramReceived> Queue = new();
        public long Bytes;
        public long Overloaded;
        public int Signalled;

        /// <summary>Tells <paramref name="self"/> to read a batch, unless a <see cref="ReceiveBatch"/> is already on its way.</summary>
        public void Signal(IActorRef self)
        {
            if (Interlocked.CompareExchange(ref Signalled, 1, 0) == 0)
            {
                self.Tell(ReceiveBatch.Instance);
            }
        }
    }

    private static void StartReceiving(Socket socket, IActorRef self, string legion, int receiveBufferBytes, ReceiveBacklog backlog, CancellationToken stopping)
    {
        try
        {
            socket.ReceiveBufferSize = Math.Max(socket.ReceiveBufferSize, receiveBufferBytes);
        }
        catch (SocketException)
        {
            // A platform that refuses the size keeps its default; receiving works either way.
        }
        // A dedicated thread blocked in recvfrom: no thread-pool hop per datagram (one wake-up less at idle, and a
        // flood's receive loop never waits behind actor work for a pool thread), and nothing to do while idle.
        var thread = new Thread(() => ReceiveLoop(socket, self, backlog, stopping))
        {
            IsBackground = true,
            Name = $"legion-receive {legion}",
        };
        thread.Start();
    }

    private static void ReceiveLoop(Socket socket, IActorRef self, ReceiveBacklog backlog, CancellationToken stopping)
    {
        // uWSGI reads at most 65535 - EVP_MAX_BLOCK_LENGTH - 4 bytes; a larger buffer lets us see and count oversized ones.
        var buffer = new byte[ushort.MaxValue];
        EndPoint any = socket.AddressFamily == AddressFamily.Unix
            ? new UnixDomainSocketEndPoint("/")
            : new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        // Receiving into a reused SocketAddress and mapping it through RecentSenders gives a repeating peer the same
        // EndPoint instance, where ReceiveFrom(ref EndPoint) would allocate a new one per datagram.
        int addressSize = SocketAddress.GetMaximumAddressSize(socket.AddressFamily);
        var address = new SocketAddress(socket.AddressFamily, addressSize);
        var senders = new RecentSenders(any);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                address.Size = addressSize; // each receive shrinks it to the sender's address length
                int received = socket.ReceiveFrom(buffer, SocketFlags.None, address);
                if (Interlocked.Read(ref backlog.Bytes) + received > backlog.Limit)
                {
                    Interlocked.Increment(ref backlog.Overloaded);
                    continue;
                }
                Interlocked.Add(ref backlog.Bytes, received);

                // The message gets its own right-sized pooled copy (the actor returns it), never this buffer, which the
                // next receive overwrites while the actor may still be reading.
                byte[] datagram = ArrayPool<byte>.Shared.Rent(received);
                buffer.AsSpan(0, received).CopyTo(datagram);
                backlog.Queue.Enqueue(new DatagramReceived(datagram, received, senders.EndPointOf(address)));
                backlog.Signal(self);
            }
            catch (ObjectDisposedException ex)
            {
                if (!stopping.IsCancellationRequested)
                {
                    // Disposed under us rather than by PostStop: the transport must start over.
                    self.Tell(new ReceiveLoopFailed(ex));
                }
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port-unreachable from an earlier send, or a truncated datagram: not fatal for a listener.
            }
            catch (SocketException ex)
            {
                if (stopping.IsCancellationRequested)
                {
                    // Disposed by PostStop (a stop or a restart): never report it to the next incarnation.
                    return;
                }
                self.Tell(new ReceiveLoopFailed(ex));
                if (IsBroken(ex) || stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100)))
                {
                    return;
                }
            }
        }
    }

    private void OnBatch()
    {
        if (_batchesAtMembership >= MaxBatchesAtMembership)
        {
            _waitingForMembership = true; // still signalled: OnBatchJudged resumes
            return;
        }
        var backlog = _backlog;
        int passed = 0;
        for (int i = 0; i < DatagramsPerTurn && backlog.Queue.TryDequeue(out var datagram); i++)
        {
            passed += OnDatagram(datagram) ? 1 : 0;
        }
        if (passed > 0)
        {
            _batchesAtMembership++;
            _membership.Tell(AnnounceBatchEnd.Instance);
        }
        if (!backlog.Queue.IsEmpty)
        {
            Self.Tell(ReceiveBatch.Instance); // still signalled: the rest after whatever else waits for the thread
            return;
        }
        // Clear the flag, then look again: a datagram queued in between found the flag set and sent nothing.
        Volatile.Write(ref backlog.Signalled, 0);
        if (!backlog.Queue.IsEmpty)
        {
            backlog.Signal(Self);
        }
    }

    private void OnBatchJudged()
    {
        // Never below zero: a reply meant for an earlier incarnation of this actor (restarted since) may still come.
        _batchesAtMembership = Math.Max(0, _batchesAtMembership - 1);
        if (_waitingForMembership)
        {
            _waitingForMembership = false;
            Self.Tell(ReceiveBatch.Instance);
        }
    }

    /// <summary>Opens, admits and passes on one datagram; true when an announce went to membership.</summary>
    private bool OnDatagram(DatagramReceived datagram)
    {
        Interlocked.Add(ref _backlog.Bytes, -datagram.Length);
        CountOverloaded();
        _received++;
        Announce? announce;
        DropReason reason;
        try
        {
            // The announce shares no memory with the datagram, so the buffer can go back to the pool at once.
            if (!_admission.TryOpen(datagram.Datagram, out announce, out reason))
            {
                Count(reason, datagram.From);
                return false;
            }
        }
        finally
        {
            if (datagram.Buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
            }
        }
        if ((reason = _admission.Admit(announce, LegionInstant.From(Context.TimeProvider))) != DropReason.None)
        {
            Count(reason, datagram.From);
            return false;
        }
        _membership.Tell(new AnnounceReceived(announce));
        return true;
    }

    private void OnSend(SendAnnounce send)
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }
        byte[] sealedDatagram = LegionDatagram.Seal(send.Announce, _settings.Cipher);
        foreach (var node in _nodes)
        {
            try
            {
                socket.SendTo(sealedDatagram, SocketFlags.None, node);
                _sent++;
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException socketError && IsBroken(socketError))
            {
                Context.Log.Error("The socket of legion {Legion} broke ({Error}): restarting its transport", _settings.Name, ex.Message);
                throw new LegionTransportException($"the socket of legion {_settings.Name} broke", ex);
            }
            catch (SocketException ex)
            {
                _sendErrors++;
                var now = Monotonic();
                if (_lastSendErrorLog is not { } last || now - last >= DropLogInterval)
                {
                    _lastSendErrorLog = now;
                    Context.Log.Warning("Cannot send announce of legion {Legion} to {Node}: {Error} ({SendErrors} send errors so far)",
                        _settings.Name, node, ex.SocketErrorCode, _sendErrors);
                }
            }
        }
        send.ReplyTo?.Tell(new AnnounceSent());
    }

    /// <summary>Errors that mean the socket itself is gone (not a peer that is down): the transport restarts.</summary>
    private static bool IsBroken(SocketException ex) =>
        ex.SocketErrorCode is SocketError.NotSocket or SocketError.Shutdown or SocketError.OperationAborted or SocketError.Fault;

    private void OnReceiveLoopFailed(ReceiveLoopFailed failed)
    {
        if (failed.Cause is ObjectDisposedException || failed.Cause is SocketException socket && IsBroken(socket))
        {
            Context.Log.Error("The socket of legion {Legion} broke ({Error}): restarting its transport", _settings.Name, failed.Cause.Message);
            throw new LegionTransportException($"the socket of legion {_settings.Name} broke", failed.Cause);
        }
        Context.Log.Warning(failed.Cause, "Receive failed on legion {Legion}; retrying", _settings.Name);
    }

    /// <summary>Takes over what the receive thread dropped for a full backlog (it cannot count in the actor's tables).</summary>
    private void CountOverloaded()
    {
        if (Interlocked.Exchange(ref _backlog.Overloaded, 0) is > 0 and var dropped)
        {
            _received += dropped; // read from the socket like every other datagram, then dropped
            Count(DropReason.Overloaded, count: dropped);
        }
    }

    private void Count(DropReason reason, EndPoint? from = null, long count = 1)
    {
        _drops[reason] = _drops.GetValueOrDefault(reason) + count;
        var now = Monotonic();
        var (pending, lastLog) = _dropLog.TryGetValue(reason, out var entry) ? entry : (0L, null);
        pending += count;
        if (lastLog is not { } last || now - last >= DropLogInterval)
        {
            if (reason == DropReason.ClockSkew)
            {
                Context.Log.Warning("Dropped {Count} announce(s) of legion {Legion} older than the skew tolerance ({SkewTolerance}): check your clock",
                    pending, _settings.Name, _settings.SkewTolerance);
            }
            else if (reason == DropReason.FutureDated)
            {
                Context.Log.Warning("Dropped {Count} announce(s) of legion {Legion} dated more than the skew tolerance ({SkewTolerance}) in the future: check your clock",
                    pending, _settings.Name, _settings.SkewTolerance);
            }
            else if (reason == DropReason.Overloaded)
            {
                Context.Log.Warning("Dropped {Count} datagram(s) of legion {Legion} unread: received faster than this node processes them ({Backlog} bytes waiting at most)",
                    pending, _settings.Name, _backlog.Limit);
            }
            else if (reason == DropReason.Undecodable)
            {
                // One line for every failure after decryption, whatever it was: see DropReason.Undecodable.
                Context.Log.Warning("Dropped {Count} undecodable datagram(s) for legion {Legion}: another secret, cipher or legion, corruption, or forgery (last from {From})",
                    pending, _settings.Name, from?.ToString() ?? "a later stage");
            }
            else if (reason == DropReason.Impersonation)
            {
                Context.Log.Warning("Dropped {Count} announce(s) of legion {Legion} that carry this node's own uuid from another name or pid: forged, or a copy of this process",
                    pending, _settings.Name);
            }
            else if (reason == DropReason.OwnPacket)
            {
                // Counted, not a warning: a node that lists its own address (config/local.ini) or hears its multicast
                // group loop back receives its own announces by design, and uWSGI ignores them silently too.
                Context.Log.Debug("Ignored {Count} of this node's own announce(s) for legion {Legion}", pending, _settings.Name);
            }
            else if (reason == DropReason.TooManyMembers)
            {
                Context.Log.Warning("Refused {Count} new member(s) of legion {Legion}: the member table is full (legion-max-members {MaxMembers})",
                    pending, _settings.Name, _settings.Definition.MaxMembers);
            }
            else
            {
                Context.Log.Warning("Dropped {Count} datagram(s) for legion {Legion}: {Reason} (last from {From})",
                    pending, _settings.Name, reason, from?.ToString() ?? "a later stage");
            }
            _dropLog[reason] = (0, now);
        }
        else
        {
            _dropLog[reason] = (pending, lastLog);
        }
    }

    private TransportStats Stats()
    {
        CountOverloaded();
        return new(_received, _sent, _sendErrors, new Dictionary<DropReason, long>(_drops));
    }

    private TimeSpan Monotonic() => Context.TimeProvider.GetElapsedTime(0);
}
