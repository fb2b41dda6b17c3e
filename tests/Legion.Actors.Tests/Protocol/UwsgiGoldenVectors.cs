using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>
/// Datagrams captured from a real uWSGI 2.0.21 (Debian uwsgi-core, OpenSSL 3.0) on loopback, with the
/// fields they hold. Each run was
///   uwsgi --master --die-on-term --legion "gold 127.0.0.1:PORTA 77 CIPHER:SECRET [IV]"
///         --legion-node "gold 127.0.0.1:PORTB" --legion-freq 1 --legion-scroll "gold hello-scroll"
///         --stats 127.0.0.1:PORTS
/// (OPENSSL_CONF activating the default and legacy providers, for bf-cbc), capturing on PORTB; the
/// death announce was captured after SIGTERM. The expected fields were read independently of this
/// library: decrypted with `openssl enc -d`, parsed by a separate script, and cross-checked with the
/// uWSGI stats JSON (uuid, valor, pid, checksum, i_am_the_lord, lord_uuid). uWSGI ran on host "vm".
/// </summary>
internal static class UwsgiGoldenVectors
{
    /// <summary>Every captured vector.</summary>
    public static IReadOnlyList<UwsgiGoldenVector> All { get; } =
    [
        new(
            Cipher: "aes-128-cbc",
            Secret: "s3cret",
            Iv: null,
            Description: "first announce, before the first election round (no candidate yet)",
            DatagramHex:
                "6dd90000fa83989f13fad8be8bef011f59eda771ab8074b96fbd482960b94241639b93336f0cd3273750d2195e8cce6a0f483aa1fa32d76c50d513bdd66de33236909b656f260abf86ccf5f9a04ccf43249f09e756b0d0e25d60b1f1309216e3b0bce97a0175fc998d401f8b01adb9d8d303e36b9d2ea10de6f29126b4884796e6434767183abc782058f9d3767529ad9c3d7af7db1313eb560a61bbc589212220c9faff24e6963840aa9818a31c8d3ee8a8e90c5c1252048baa1c6fbde7acde10162b928bd772094c447dc5b39bb53a57b337c730b912fef57da8348b7f3031628a6111",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242970,
                Lord = 0,
                Name = "vm",
                Pid = 17202,
                Uuid = "98604239-41d5-4894-9316-cc5a70c16018",
                Checksum = 0,
                LordValor = 0,
                LordUuid = null,
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-128-cbc",
            Secret: "s3cret",
            Iv: null,
            Description: "announce right after it became Lord",
            DatagramHex:
                "6de60000fa83989f13fad8be8bef011f59eda771ab8074b96fbd482960b94241639b9333ae34f7065fe84701ea1b0c3fe05e311c25c821eea2fcf058aed3d0d3ffe4681ad8aac1037d78773e7c939b840b6e50428961adff58c17a69910f00286ce841d15097ab07350e6732f51b522721f426701f71573f4ca71533ff51eea1d3252d37eec55ca6cd6d56b220869f705ccc35313632110633a48e72d58119abbc6b8de4f83d61796c42474e07ebfd0089504c59da5534086c20a7c9bac27c3191539b9b0510d300a6731507b3175fa8036c31792f049bf794cf5418620d61da29ce1c9d97f7ceaaba1ff31942c1261dcae7a897",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242971,
                Lord = 1795242971,
                Name = "vm",
                Pid = 17202,
                Uuid = "98604239-41d5-4894-9316-cc5a70c16018",
                Checksum = 2170,
                LordValor = 77,
                LordUuid = "98604239-41d5-4894-9316-cc5a70c16018",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-128-cbc",
            Secret: "s3cret",
            Iv: null,
            Description: "death announce on SIGTERM",
            DatagramHex:
                "6def0000fa83989f13fad8be8bef011f59eda771ab8074b96fbd482960b94241639b93330d36f8adb1ed897b24c3cd09987640073d3f11dc5a73d1cb40fc3def820f3a7e2b213b84f442ba83f752dfa337d1c6d401e0bb6252c4d2cfbd05feebba4ecdea006488b7d630b396e85d03700ddfdc9ac56b0166ee0376c325ea71be92a1164103182ab17ccde50e75842453cd84b6b961aac1e735462463b5a43d6bbd11e53a5abb1dab8492d0bf4182cf36a4576c504aea92902880b35cf8bdf64519c4fe69a9a180aa8037fae0011f759c11f90dceb7e7ba4e78987a605b05072af23339cceea1ff021f1ef8af31fa97f69a6a3277",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242972,
                Lord = 1795242971,
                Name = "vm",
                Pid = 17202,
                Uuid = "98604239-41d5-4894-9316-cc5a70c16018",
                Checksum = 2170,
                LordValor = 77,
                LordUuid = "98604239-41d5-4894-9316-cc5a70c16018",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = true,
            }),
        new(
            Cipher: "aes-192-cbc",
            Secret: "s3cret",
            Iv: "my-iv",
            Description: "first announce, before the first election round (no candidate yet)",
            DatagramHex:
                "6dd90000ba778caa57bf35b8386ae988b76749f6f098c5270069109231fe6d7e44e7adfbc117fd8439901d69a91af6f9a706133c337e92d49b13ca25f1927dce3d40d8215b094758802ef8a0d40bada3208c393dda17fcc59172780f1303f0179b894af0dd901e539e2a920aa5b5f108886e8e901567361908673e7cc522d988b6e7e594d782a9da488a53abc46aa16dfaff2be99dfe54545f8ea87d91ec97de09f1680bd831187bd4fb1bd3f5545bd33006f1d2d6a173168a749f18ed33985851bbcfa9046bcdaa96a052e966dc941855b9a6948fedca393d2daa05ab014a66ac34946c",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242975,
                Lord = 0,
                Name = "vm",
                Pid = 17358,
                Uuid = "c2f89e3f-0a4f-4cf4-b64c-bb5e2ce68717",
                Checksum = 0,
                LordValor = 0,
                LordUuid = null,
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-192-cbc",
            Secret: "s3cret",
            Iv: "my-iv",
            Description: "announce right after it became Lord",
            DatagramHex:
                "6de60000ba778caa57bf35b8386ae988b76749f6f098c5270069109231fe6d7e44e7adfb59ade1dd10b5370f591d93028dc46f71daf24a67203e77be3b6d070ffc70cf8bb7d8cbf8ec20aa203b1f4cbc794b6be062917c1746a07bd6ae612e3b12620886bb1fadbf94fc82443ec628813bddf8d1da16fc1e63b7ca321755a61030812b06be95ac12ad971acc960f974039f2ed854a77f5a1fbe85acea839488519b4c211e4c894b3d5d05649c5306584e7a731f33a6f1534688c0cffcfab41e4be2bd4cc1f2b6977f1d5864de268b8617b133e8521cabe776226aa42c83cf44d03845580a8c5fcddc32e6d9f91c1fa105e1ca37e",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242976,
                Lord = 1795242976,
                Name = "vm",
                Pid = 17358,
                Uuid = "c2f89e3f-0a4f-4cf4-b64c-bb5e2ce68717",
                Checksum = 2651,
                LordValor = 77,
                LordUuid = "c2f89e3f-0a4f-4cf4-b64c-bb5e2ce68717",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-192-cbc",
            Secret: "s3cret",
            Iv: "my-iv",
            Description: "death announce on SIGTERM",
            DatagramHex:
                "6def0000ba778caa57bf35b8386ae988b76749f6f098c5270069109231fe6d7e44e7adfb1bcf4eab612d3b6441fbaa45291546a90b52c6639eb188b8849d1bf4acf1f5379d60ee08a9cfe75d40566f3aa9e2a977f802f879bedcc152217d6c6ab925ccd75df531fb53134d6060dcb1c3be1eb3e4c41097014429f41cf8dd641957ba97664b81d071fc97e879468c1ea4bb13a83382f86012db502510e64af206a532dfc1703acbe25ed2bef28989a2be8e37e0ec600602bda202fc7b7b58e2d2b266865a829399ede1cceb3205fb24fbef616aef48e12d00d5554671e06baaee4708afdfd2bbd7d4c4f86368dd5552710e6c0537",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242977,
                Lord = 1795242976,
                Name = "vm",
                Pid = 17358,
                Uuid = "c2f89e3f-0a4f-4cf4-b64c-bb5e2ce68717",
                Checksum = 2651,
                LordValor = 77,
                LordUuid = "c2f89e3f-0a4f-4cf4-b64c-bb5e2ce68717",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = true,
            }),
        new(
            Cipher: "aes-256-cbc",
            Secret: "a-secret-that-is-much-longer-than-any-key-length",
            Iv: "0123456789abcdefXYZ",
            Description: "first announce, before the first election round (no candidate yet)",
            DatagramHex:
                "6dd900004e10aab322280f2881720d1ea931ee1ef07fe05c8bfe339ff34a7cd2a7f37e10a4bcb0bc7a483ad6fca8ef31d1888d1a92257d25908046d8b20481dfe54ade91fad50750389c0b407474a74510881682db16a3b9c3fcd4cb8290302d8931080fd9bdf371dfc38314a4e647e2399e31f60c6ae65062969ade45b34488811920b61a02a032cb0d93903bd786380ce45c7086bd0caa1e6e64ce7759aa0c78d3fa83168044db78d26241d722764ddb885a3758eede6d80cf43883d36bab8e324d8e48a5cdd7dafaed5de94f06d8cca72cb6321779246f5cea153bbf70267d8e2c72b",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242978,
                Lord = 0,
                Name = "vm",
                Pid = 17500,
                Uuid = "66d6898c-abc5-41be-8429-ab2e238f6324",
                Checksum = 0,
                LordValor = 0,
                LordUuid = null,
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-256-cbc",
            Secret: "a-secret-that-is-much-longer-than-any-key-length",
            Iv: "0123456789abcdefXYZ",
            Description: "announce right after it became Lord",
            DatagramHex:
                "6de600004e10aab322280f2881720d1ea931ee1ef07fe05c8bfe339ff34a7cd2a7f37e10863472abbdafe5a4c0598b6b4989c24f5ab293bcafa63313619e7c5a5f0ed3aa48f256a180d6e36ddbcfbb4983df401a0db4c2915440ad947892386fb035799ed4aca61ddf86f952d551b3d23344c41839228ea77ec68ecd87a01259c2cb5373f22cdb76ec93af75ed4ef9bff30b86073d1dd9cc020a89e611d87316bf6df23a03690c23d75fb02906358635194a590531855eec98057095c5a58b9cf146e0b56f54acdb3d10206c521ecf94599bb8140642ce7cf9318064d258c45e125bfc81824b9d427a5ae021d70df65e84756dd8",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242979,
                Lord = 1795242979,
                Name = "vm",
                Pid = 17500,
                Uuid = "66d6898c-abc5-41be-8429-ab2e238f6324",
                Checksum = 2461,
                LordValor = 77,
                LordUuid = "66d6898c-abc5-41be-8429-ab2e238f6324",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "aes-256-cbc",
            Secret: "a-secret-that-is-much-longer-than-any-key-length",
            Iv: "0123456789abcdefXYZ",
            Description: "death announce on SIGTERM",
            DatagramHex:
                "6def00004e10aab322280f2881720d1ea931ee1ef07fe05c8bfe339ff34a7cd2a7f37e1065ee3d64295c81d75b562b33e0e426cf8e75d890afb9261d00a6ffc9992601116e0b4106c677c15ec45cf8855b824e4fbe8085988fc028a1114c8a94a1574b29eec8395cecebc492ad254b3271cecc6edc92e0a69dcb33aba347392afc216030b07679558b4b974fbdfe0bf5428c434aa2be88a1f6fadd19bf7e5d6502c2df00a1f5a61293fc64ac9e190d009db5252df7cf2380a0f578cde1c8922a53397163766a5be684f1b4eca59cb7cedf166f4f4a2ab1fbeb6a2dd1a244653e6f11ea64a4635c5125311b712c32c621360a34d0",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242980,
                Lord = 1795242979,
                Name = "vm",
                Pid = 17500,
                Uuid = "66d6898c-abc5-41be-8429-ab2e238f6324",
                Checksum = 2461,
                LordValor = 77,
                LordUuid = "66d6898c-abc5-41be-8429-ab2e238f6324",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = true,
            }),
        new(
            Cipher: "bf-cbc",
            Secret: "blowfish-secret-longer-than-16",
            Iv: "bfiv",
            Description: "first announce, before the first election round (no candidate yet)",
            DatagramHex:
                "6dd900002ee0bd495eaa2220dcf17ab9ecccfa0763502295cee241752376ba3d4ab8ab99adc8d67328426d9018bf3322835bdda4d6d3f64bd02e74a5607455b860aab6bd3f585efa0217b70c4821645058c1d1b05478ce2f4df128708ecb077f44ac4ac8d7b5d770958025988739aefd3f587b6ad133e38ec88b6031def31421370a38c2813e1d86bfb818bfd3b43728635ee18b97f8f70556665bb5e13f95e521ddb8c824f4891821fa1ac9fd2c2388722e3a44a98ee5424c13ad4019eb85fce838cc8e5f1a75aa1bd89d4162b024d4eb0dd8edd1b8d78417c26d363b0a29bf5b32ae74",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242981,
                Lord = 0,
                Name = "vm",
                Pid = 17573,
                Uuid = "9cfc82bc-acb9-47f4-a8fb-fc70baa1b740",
                Checksum = 0,
                LordValor = 0,
                LordUuid = null,
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "bf-cbc",
            Secret: "blowfish-secret-longer-than-16",
            Iv: "bfiv",
            Description: "announce right after it became Lord",
            DatagramHex:
                "6de600002ee0bd495eaa2220dcf17ab9ecccfa0763502295cee241752376ba3d4ab8ab99adc8d67328426d90d52f5d77cc549c866797ccefd5a1e6d0e3d161f7709f308ae44c064cb879135f4c037a0267425796872ba96fab8f2a72822485d0e3b9e692cd2f4faa34bbf2ea058896bac45c8e2771cb71d2a10eb1b92ecb9c40613e6281711e5f2c533545e8c4e34091da19d81e74e7304307c8534856b1e365fc4eb0529a390d02054b1a1e77487bf0e99e02c92b0c5dca570b4b56fb7de5de58b0ef4e8d1e8ecc712656d008fad0c7798b46e0386340470ed1fde339f4d8f3851bffc3516d8f01e9c0a28d",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242982,
                Lord = 1795242982,
                Name = "vm",
                Pid = 17573,
                Uuid = "9cfc82bc-acb9-47f4-a8fb-fc70baa1b740",
                Checksum = 2780,
                LordValor = 77,
                LordUuid = "9cfc82bc-acb9-47f4-a8fb-fc70baa1b740",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = false,
            }),
        new(
            Cipher: "bf-cbc",
            Secret: "blowfish-secret-longer-than-16",
            Iv: "bfiv",
            Description: "death announce on SIGTERM",
            DatagramHex:
                "6def00002ee0bd495eaa2220dcf17ab9ecccfa0763502295cee241752376ba3d4ab8ab99adc8d67328426d9076cd25eda9f9fc7b7279c862ea4b190bfa00acb8bd72cfa6920633de148dd710e2d33b26a9c608005cf1b0878658a17b7f7ba74a8c498c2cd759e3ceed3b0300f401a5c3fc78c73c9e1c07ce8d5c448a4e684b4a83143f073f4fcca40a3af3de00b3a8fc76a20097067637eeab14b37d58ba2e869269c6293b6676b54a0cfe643a2e03d37e6bba29a9fa1c8d7e0c682efc7ea984dce8316051998c1ed8ad9acdb83125ce661530475b622c18e489c5355af4567a5ca0918b576ca067fb0bbdfaa638528b43a37d7b",
            Expected: new Announce
            {
                Legion = "gold",
                Valor = 77,
                Unix = 1795242983,
                Lord = 1795242982,
                Name = "vm",
                Pid = 17573,
                Uuid = "9cfc82bc-acb9-47f4-a8fb-fc70baa1b740",
                Checksum = 2780,
                LordValor = 77,
                LordUuid = "9cfc82bc-acb9-47f4-a8fb-fc70baa1b740",
                Scroll = "hello-scroll"u8.ToArray(),
                Dead = true,
            }),
    ];
}
